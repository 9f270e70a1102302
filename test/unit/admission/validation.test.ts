import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../../src/kube/validation';

const LABEL_REGEX_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_REGEX_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const cases: [string, (v: string) => string[], string, string[]][] = [
  ['label ok', isDNS1123Label, 'my-name', []],
  ['label upper case', isDNS1123Label, 'My-Name', [LABEL_REGEX_MSG]],
  ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
  ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
  ['subdomain ok', isDNS1123Subdomain, 'kube-system.example.com', []],
  ['subdomain underscore', isDNS1123Subdomain, 'my_app', [SUBDOMAIN_REGEX_MSG]],
  ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
  [
    '1035 starts with digit',
    isDNS1035Label,
    '1web',
    [
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  ['qualified ok', isQualifiedName, 'app.kubernetes.io/name', []],
  ['qualified empty prefix', isQualifiedName, '/name', ['prefix part must be non-empty']],
  [
    'qualified bad name part',
    isQualifiedName,
    'example.com/-x',
    [
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
  ['qualified name part too long', isQualifiedName, 'a'.repeat(64), ['name part must be no more than 63 characters']],
  ['label value empty ok', isValidLabelValue, '', []],
  [
    'label value with space',
    isValidLabelValue,
    'a b',
    [
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'config key with slash',
    isConfigMapKey,
    'a/b',
    ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
  ],
  ['config key dot-dot', isConfigMapKey, '..x', ["must not start with '..'"]],
  ['port name digits only', isValidPortName, '8080', ['must contain at least one letter (a-z)']],
  ['port name hyphens', isValidPortName, '-a--b', ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']],
  ['path segment slash', isValidPathSegmentName, 'a/b', ["may not contain '/'"]],
];

for (const [name, check, value, expected] of cases) {
  test(`kube/validation: ${name}`, () => assert.deepEqual(check(value), expected));
}

test('kube/validation: port numbers are 1..65535', () => {
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
});

test('kube/validation: a generateName may end in a dash', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.notDeepEqual(nameIsDNSSubdomain('web-', false), []);
});
