// kubectl 1.34 creating built-in objects whose values have the wrong JSON type: kube-apiserver's
// decoding refuses them with 400 BadRequest, and kubectl prints the error line it prints for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, run } from './support/kube-clients';
import { useManifestDir } from './support/manifest-dir';

const skip = missing(KUBECTL);

describe('kubectl 1.34 and values of the wrong type', { skip }, () => {
  const emu = useEmulatorProcess();
  const manifest = useManifestDir('decode-types-');

  it('create -f of a ConfigMap whose data is a string prints kube-apiserver\'s BadRequest, and stores nothing', async () => {
    const file = manifest('configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-data\ndata: x\n');
    // kubectl 1.34 validates on the server by default (fieldValidation=Strict); --validate=false sends the object as it is.
    for (const flags of [[], ['--validate=false']]) {
      const res = await run(KUBECTL, ['create', '-f', file, ...flags], emu.kubeconfig);
      assert.equal(res.code, 1, res.stderr);
      assert.equal(res.stdout, '');
      assert.equal(
        res.stderr,
        `Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string\n`,
      );
    }
    const get = await run(KUBECTL, ['get', 'configmap', 'bad-data'], emu.kubeconfig);
    assert.match(get.stderr, /Error from server \(NotFound\): configmaps "bad-data" not found/);
  });

  it('create -f of a pod whose port is a string prints the Go field path and type', async () => {
    const file = manifest('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: "80"\n');
    const res = await run(KUBECTL, ['create', '-f', file, '--validate=false'], emu.kubeconfig);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(
      res.stderr,
      `Error from server (BadRequest): error when creating "${file}": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32\n`,
    );
    assert.match((await run(KUBECTL, ['get', 'pod', 'web'], emu.kubeconfig)).stderr, /NotFound/);
  });

  it('a merge patch that would make data a string is invalid, and the ConfigMap stays as it was', async () => {
    assert.equal((await run(KUBECTL, ['create', 'configmap', 'good', '--from-literal=a=b'], emu.kubeconfig)).code, 0);
    const res = await run(KUBECTL, ['patch', 'configmap', 'good', '--type', 'merge', '-p', '{"data":"x"}'], emu.kubeconfig);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /^The request is invalid: patch: Invalid value: ".*": json: cannot unmarshal string into Go struct field ConfigMap\.data of type map\[string\]string\n$/s);
    assert.equal((await run(KUBECTL, ['get', 'configmap', 'good', '-o', 'jsonpath={.data}'], emu.kubeconfig)).stdout, '{"a":"b"}');
  });
});
