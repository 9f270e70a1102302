// The files a container's /etc shows: the kubelet-managed hosts file, the resolv.conf the
// kubelet's DNS policy gives, the hostname, and the image's os-release.
import type { ImageFamily } from './image';
import type { ExecTarget } from './process';

const LOCALHOST_LINES = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'fe00::0\tip6-mcastprefix', 'fe00::1\tip6-allnodes', 'fe00::2\tip6-allrouters'];
/** Docker writes a kind node's own hosts file, which hostNetwork pods get a copy of. */
const NODE_LOCALHOST_LINES = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters'];

/** The kubelet's managedHostsFileContent (or the node's file for hostNetwork pods). */
export function hostsFile(t: ExecTarget): string {
  if (t.hostNetwork) {
    return ['# Kubernetes-managed hosts file (host network).', ...NODE_LOCALHOST_LINES, `${t.hostIP}\t${t.nodeName}`, ''].join('\n');
  }
  const own = t.subdomain ? `${t.podIP}\t${t.hostname}.${t.subdomain}.${t.namespace}.svc.${t.clusterDomain}\t${t.hostname}` : `${t.podIP}\t${t.hostname}`;
  return ['# Kubernetes-managed hosts file.', ...LOCALHOST_LINES, own, ''].join('\n');
}

/**
 * ClusterFirst (not on the host network) and ClusterFirstWithHostNet ask the cluster DNS; Default,
 * and ClusterFirst on the host network, get the node's resolver (kind's: its network's gateway).
 */
export function resolvConf(t: ExecTarget): string {
  const clusterDns = t.dnsServiceIP !== '' && (t.dnsPolicy === 'ClusterFirstWithHostNet' || (t.dnsPolicy === 'ClusterFirst' && !t.hostNetwork));
  if (clusterDns) {
    const d = t.clusterDomain;
    return `search ${t.namespace}.svc.${d} svc.${d} ${d}\nnameserver ${t.dnsServiceIP}\noptions ndots:5\n`;
  }
  // dnsPolicy None takes everything from spec.dnsConfig, which an exec target does not carry.
  if (t.dnsPolicy === 'None') return '';
  return `nameserver ${nodeResolver(t.hostIP)}\noptions edns0 trust-ad ndots:0\n`;
}

/** A kind node resolves through its Docker network's gateway: x.y.z.1 of the node's address. */
function nodeResolver(hostIP: string): string {
  const m = /^(\d+\.\d+\.\d+)\.\d+$/.exec(hostIP);
  return m ? `${m[1]}.1` : '172.18.0.1';
}

/** /etc/os-release of each image family; busybox and distroless images have none. */
export function osRelease(family: ImageFamily): string | undefined {
  switch (family) {
    case 'alpine':
      return 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.1\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n';
    case 'debian':
      return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';
    case 'ubuntu':
      return 'PRETTY_NAME="Ubuntu 24.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.3 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n';
    default:
      return undefined;
  }
}
