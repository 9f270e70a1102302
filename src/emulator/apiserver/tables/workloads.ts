// Workload controllers' tables: deployments, replicasets, daemonsets, statefulsets, jobs, cronjobs
// and controllerrevisions.
import { humanDuration, humanTimeSince } from '../../../kube/duration';
import { parseApiVersion, type KubeObject } from '../../../kube/object';
import { age, ageColumn, column, containerCells, formatLabels, int, list, nameColumn, selectorString, str, wide, type Printer } from './printer';

const APPS = 'io.k8s.api.apps.v1.';
const BATCH = 'io.k8s.api.batch.v1.';
const CORE = 'io.k8s.api.core.v1.';

const containersColumn = () => column('Containers', 'string', 'Names of each container in the template.', wide);
const imagesColumn = () => column('Images', 'string', 'Images referenced by each container in the template.', wide);

function templateCells(obj: KubeObject): [string, string] {
  return containerCells(obj.spec?.template?.spec);
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', `${APPS}DeploymentStatus#updatedReplicas`),
    column('Available', 'string', `${APPS}DeploymentStatus#availableReplicas`),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', `${APPS}DeploymentSpec#selector`, wide),
  ],
  row(d, now) {
    const s = d.status ?? {};
    return {
      cells: [d.metadata?.name ?? '', `${int(s.readyReplicas)}/${int(d.spec?.replicas)}`, int(s.updatedReplicas), int(s.availableReplicas), age(d, now), ...templateCells(d), selectorString(d.spec?.selector)],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', `${APPS}ReplicaSetSpec#replicas`),
    column('Current', 'integer', `${APPS}ReplicaSetStatus#replicas`),
    column('Ready', 'integer', `${APPS}ReplicaSetStatus#readyReplicas`),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', `${APPS}ReplicaSetSpec#selector`, wide),
  ],
  row(rs, now) {
    const s = rs.status ?? {};
    return { cells: [rs.metadata?.name ?? '', int(rs.spec?.replicas), int(s.replicas), int(s.readyReplicas), age(rs, now), ...templateCells(rs), selectorString(rs.spec?.selector)] };
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', `${APPS}DaemonSetStatus#desiredNumberScheduled`),
    column('Current', 'integer', `${APPS}DaemonSetStatus#currentNumberScheduled`),
    column('Ready', 'integer', `${APPS}DaemonSetStatus#numberReady`),
    column('Up-to-date', 'integer', `${APPS}DaemonSetStatus#updatedNumberScheduled`),
    column('Available', 'integer', `${APPS}DaemonSetStatus#numberAvailable`),
    column('Node Selector', 'string', `${CORE}PodSpec#nodeSelector`),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', `${APPS}DaemonSetSpec#selector`, wide),
  ],
  row(ds, now) {
    const s = ds.status ?? {};
    return {
      cells: [
        ds.metadata?.name ?? '',
        int(s.desiredNumberScheduled),
        int(s.currentNumberScheduled),
        int(s.numberReady),
        int(s.updatedNumberScheduled),
        int(s.numberAvailable),
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(ds, now),
        ...templateCells(ds),
        selectorString(ds.spec?.selector),
      ],
    };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  row(sts, now) {
    return { cells: [sts.metadata?.name ?? '', `${int(sts.status?.readyReplicas)}/${int(sts.spec?.replicas)}`, age(sts, now), ...templateCells(sts)] };
  },
};

function hasTrueCondition(obj: KubeObject, type: string): boolean {
  return list(obj.status?.conditions).some((c: any) => c?.type === type && c.status === 'True');
}

/** The STATUS column of a Job, in kubectl's order of precedence. */
export function jobStatus(job: KubeObject): string {
  if (hasTrueCondition(job, 'Complete')) return 'Complete';
  if (hasTrueCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasTrueCondition(job, 'Suspended')) return 'Suspended';
  if (hasTrueCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasTrueCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', `${BATCH}JobStatus#succeeded`),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', `${BATCH}JobSpec#selector`, wide),
  ],
  row(job, now) {
    const spec = job.spec ?? {};
    const s = job.status ?? {};
    const succeeded = int(s.succeeded);
    let completions: string;
    if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`;
    else completions = int(spec.parallelism) > 1 ? `${succeeded}/1 of ${int(spec.parallelism)}` : `${succeeded}/1`;
    let duration = '';
    if (s.startTime) {
      duration = s.completionTime
        ? humanDuration(Date.parse(s.completionTime) - Date.parse(s.startTime))
        : humanDuration(now - Date.parse(s.startTime));
    }
    return { cells: [job.metadata?.name ?? '', jobStatus(job), completions, duration, age(job, now), ...templateCells(job), selectorString(spec.selector)] };
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', `${BATCH}CronJobSpec#schedule`),
    column('Timezone', 'string', `${BATCH}CronJobSpec#timeZone`),
    column('Suspend', 'boolean', `${BATCH}CronJobSpec#suspend`),
    column('Active', 'integer', `${BATCH}CronJobStatus#active`),
    column('Last Schedule', 'string', `${BATCH}CronJobStatus#lastScheduleTime`),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', `${BATCH}JobSpec#selector`, wide),
  ],
  row(cj, now) {
    const spec = cj.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
    const last = cj.status?.lastScheduleTime ? humanTimeSince(cj.status.lastScheduleTime, now) : '<none>';
    return {
      cells: [
        cj.metadata?.name ?? '',
        spec.schedule ?? '',
        spec.timeZone ?? '<none>',
        suspend,
        Array.isArray(cj.status?.active) ? cj.status.active.length : 0,
        last,
        age(cj, now),
        ...containerCells(jobSpec.template?.spec),
        selectorString(jobSpec.selector),
      ],
    };
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [nameColumn(), column('Controller', 'string', 'Controller of the object'), column('Revision', 'string', `${APPS}ControllerRevision#revision`), ageColumn()],
  row(cr, now) {
    const owner = list(cr.metadata?.ownerReferences).find((o) => o?.controller);
    let controller = '<none>';
    if (owner) {
      const { group } = parseApiVersion(str(owner.apiVersion));
      controller = `${(group ? `${str(owner.kind)}.${group}` : str(owner.kind)).toLowerCase()}/${str(owner.name)}`;
    }
    return { cells: [cr.metadata?.name ?? '', controller, int(cr.revision), age(cr, now)] };
  },
};
