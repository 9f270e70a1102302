// kubectl 1.34 and custom resources checked against their CRD's openAPIV3Schema: a value of the
// wrong type is refused with kube-apiserver's 422 and nothing is stored; the schema's defaults
// show in what is stored. A CRD whose schema apiextensions refuses is not stored either.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, run } from './support/kube-clients';
import { useManifestDir } from './support/manifest-dir';

const skip = missing(KUBECTL);

/** A namespaced v1 CRD `<plural>.example.com` whose openAPIV3Schema has these spec properties (YAML at 14 spaces). */
function crdYaml(plural: string, kind: string, specProperties: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: ${plural}, singular: ${kind.toLowerCase()}, kind: ${kind}, listKind: ${kind}List}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
${specProperties}`;
}

const CRD = crdYaml(
  'gizmos',
  'Gizmo',
  `              replicas: {type: integer, minimum: 1}
              mode: {type: string, default: fast}
              policy:
                type: object
                default: {}
                properties:
                  retries: {type: integer, default: 3}
`,
);

describe('kubectl 1.34 and custom resource schemas', { skip }, () => {
  const emu = useEmulatorProcess();
  const manifest = useManifestDir('cr-schema-');

  it('apply -f of a custom resource of the wrong type prints the 422 and stores nothing; a valid one shows its defaults', async () => {
    const crd = await run(KUBECTL, ['apply', '-f', manifest('crd.yaml', CRD)], emu.kubeconfig);
    assert.equal(crd.code, 0, crd.stderr);
    const wait = await run(KUBECTL, ['wait', '--for=condition=Established', 'crd/gizmos.example.com', '--timeout=30s'], emu.kubeconfig);
    assert.equal(wait.code, 0, wait.stderr);

    const bad = manifest('bad.yaml', 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata:\n  name: bad\nspec:\n  replicas: three\n');
    const res = await run(KUBECTL, ['apply', '-f', bad], emu.kubeconfig);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stderr, 'The Gizmo "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
    assert.match((await run(KUBECTL, ['get', 'gizmo', 'bad'], emu.kubeconfig)).stderr, /Error from server \(NotFound\): gizmos.example.com "bad" not found/);

    const good = manifest('good.yaml', 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata:\n  name: good\nspec:\n  replicas: 2\n');
    const ok = await run(KUBECTL, ['apply', '-f', good], emu.kubeconfig);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'gizmo.example.com/good created\n');
    const yaml = await run(KUBECTL, ['get', 'gizmo', 'good', '-o', 'yaml'], emu.kubeconfig);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /\nspec:\n {2}mode: fast\n {2}policy:\n {4}retries: 3\n {2}replicas: 2\n/);
  });

  it('apply -f of a CRD whose schema sets uniqueItems prints the 422 at spec.validation and stores nothing', async () => {
    const text = crdYaml('widgets', 'Widget', '              tags: {type: array, uniqueItems: true, items: {type: string}}\n');
    const res = await run(KUBECTL, ['apply', '-f', manifest('unique.yaml', text)], emu.kubeconfig);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(
      res.stderr,
      'The CustomResourceDefinition "widgets.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic\n',
    );
    const get = await run(KUBECTL, ['get', 'crd', 'widgets.example.com'], emu.kubeconfig);
    assert.match(get.stderr, /Error from server \(NotFound\): customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" not found/);
  });
});
