// The container's files: the kubelet-managed hosts file, resolv.conf by DNS policy, the
// image's os-release, /proc/1/cmdline, the service account directory; writes in this exec only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exec, sh } from './support';

const cat = (path: string, options: Parameters<typeof exec>[1] = {}) => exec(['cat', path], options);

test('/etc/hosts is the kubelet-managed file with the pod IP and hostname', async () => {
  const r = await cat('/etc/hosts');
  assert.equal(
    r.stdout,
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.5\tweb-1\n',
  );
});

test('/etc/hosts with a subdomain gives the FQDN first; hostNetwork pods get the node file', async () => {
  const sub = await cat('/etc/hosts', { target: { hostname: 'db-0', subdomain: 'db' } });
  assert.match(sub.stdout, /\n10\.244\.1\.5\tdb-0\.db\.shop\.svc\.cluster\.local\tdb-0\n$/);
  const host = await cat('/etc/hosts', { target: { hostNetwork: true, hostname: 'kind-worker' } });
  assert.match(host.stdout, /^# Kubernetes-managed hosts file \(host network\)\.\n127\.0\.0\.1\tlocalhost\n/);
  assert.match(host.stdout, /\n172\.18\.0\.3\tkind-worker\n$/);
  assert.doesNotMatch(host.stdout, /10\.244\.1\.5/);
});

test('/etc/resolv.conf follows the DNS policy', async () => {
  const cluster = (await cat('/etc/resolv.conf')).stdout;
  assert.equal(cluster, 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  const node = 'nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n';
  assert.equal((await cat('/etc/resolv.conf', { target: { dnsPolicy: 'Default' } })).stdout, node);
  assert.equal((await cat('/etc/resolv.conf', { target: { dnsPolicy: 'ClusterFirst', hostNetwork: true } })).stdout, node, 'ClusterFirst on the host network falls back to the node');
  assert.equal((await cat('/etc/resolv.conf', { target: { dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true } })).stdout, cluster);
});

test('/etc/hostname and the hostname command give the pod hostname', async () => {
  assert.equal((await cat('/etc/hostname')).stdout, 'web-1\n');
  assert.equal((await exec(['hostname'])).stdout, 'web-1\n');
  assert.equal((await sh('echo $HOSTNAME')).stdout, 'web-1\n');
});

test('os-release per image family; the busybox image has none', async () => {
  assert.match((await cat('/etc/os-release', { image: 'nginx:1.29' })).stdout, /^PRETTY_NAME="Debian GNU\/Linux 12 \(bookworm\)"\n/);
  assert.match((await cat('/etc/os-release', { image: 'alpine:3.22' })).stdout, /^NAME="Alpine Linux"\nID=alpine\n/);
  assert.match((await cat('/etc/os-release', { image: 'ubuntu:24.04' })).stdout, /^PRETTY_NAME="Ubuntu 24\.04/);
  const bb = await cat('/etc/os-release');
  assert.equal(bb.code, 1);
  assert.equal(bb.stderr, "cat: can't open '/etc/os-release': No such file or directory\n");
});

test('/proc/1/cmdline is the main command, NUL-separated; the image default when the container sets none', async () => {
  assert.equal((await cat('/proc/1/cmdline')).stdout, 'sleep\x003600\x00');
  assert.equal((await cat('/proc/1/cmdline', { image: 'nginx', target: { mainCommand: [] } })).stdout, 'nginx\x00-g\x00daemon off;\x00');
  assert.equal((await cat('/proc/1/cmdline', { image: 'busybox', target: { mainCommand: [] } })).stdout, 'sh\x00');
});

test('the service account directory has the namespace, but no token or ca.crt', async () => {
  const ns = await cat('/var/run/secrets/kubernetes.io/serviceaccount/namespace', { image: 'nginx' });
  assert.equal(ns.stdout, 'shop');
  const ls = await exec(['ls', '/var/run/secrets/kubernetes.io/serviceaccount'], { image: 'nginx' });
  assert.equal(ls.stdout, 'namespace\n');
  const token = await cat('/var/run/secrets/kubernetes.io/serviceaccount/token', { image: 'nginx' });
  assert.equal(token.stderr, 'cat: /var/run/secrets/kubernetes.io/serviceaccount/token: No such file or directory\n');
  assert.equal((await cat('/var/run/secrets/kubernetes.io/serviceaccount/namespace')).stdout, 'shop', 'busybox too');
});

test('the top-level directories of each family', async () => {
  assert.equal((await exec(['ls', '/'])).stdout, 'bin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nsys\ntmp\nusr\nvar\n');
  assert.equal((await exec(['ls', '/'], { image: 'debian' })).stdout.split('\n').slice(0, 4).join(' '), 'bin boot dev etc');
  const links = await exec(['ls', '-l', '/'], { image: 'debian' });
  assert.match(links.stdout, /\nlrwxrwxrwx 1 root root +7 Aug 12 +2025 bin -> usr\/bin\n/);
  assert.match(links.stdout, /\ndrwxrwxrwt +2 root root +4096 Aug 12 +2025 tmp\n/);
});

test('writes go to an overlay of this exec: redirects, touch, mkdir, rm', async () => {
  const r = await sh('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; mkdir -p /tmp/a/b && touch /tmp/a/b/c && ls /tmp/a/b; rm -r /tmp/a; ls /tmp');
  assert.equal(r.stdout, 'one\ntwo\nc\nf\n');
  assert.equal(r.code, 0);
  // Another exec starts from the image again.
  assert.equal((await exec(['ls', '/tmp'])).stdout, '');
});

test('what cannot be written says why', async () => {
  const bb = await sh('echo x > /nope/f; echo x > /tmp; echo x > /sys/x; rm /etc/hosts; mkdir /tmp; touch /nope/x');
  assert.equal(
    bb.stderr,
    [
      "sh: can't create /nope/f: nonexistent directory",
      "sh: can't create /tmp: Is a directory",
      "sh: can't create /sys/x: Read-only file system",
      "rm: can't remove '/etc/hosts': Device or resource busy",
      "mkdir: can't create directory '/tmp': File exists",
      'touch: /nope/x: No such file or directory',
      '',
    ].join('\n'),
  );
  const deb = await sh('echo x > /nope/f; echo $?; rm /etc/hosts; mkdir /tmp; touch /nope/x', 'debian', 'bash');
  assert.equal(
    deb.stderr,
    ['bash: line 1: /nope/f: No such file or directory', "rm: cannot remove '/etc/hosts': Device or resource busy", "mkdir: cannot create directory '/tmp': File exists", "touch: cannot touch '/nope/x': No such file or directory", ''].join('\n'),
  );
  assert.equal(deb.stdout, '1\n');
  const dash = await sh('echo x > /nope/f', 'debian');
  assert.equal(dash.stderr, 'sh: 1: cannot create /nope/f: Directory nonexistent\n');
  assert.equal(dash.code, 2);
});

test('rm -rf / is refused as coreutils does', async () => {
  const r = await exec(['rm', '-rf', '/'], { image: 'debian' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
});
