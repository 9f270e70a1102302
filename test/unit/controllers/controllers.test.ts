// One process for all controller cases: each loads the whole API server (~3 s to import
// under tsx), so separate files would spend most of their time importing.
import './deployment.cases';
import './garbage-collector.cases';
import './namespace.cases';
import './endpoints.cases';
import './node-lifecycle.cases';
import './job.cases';
import './cronjob.cases';
import './daemonset.cases';
import './statefulset.cases';
import './podgc.cases';
