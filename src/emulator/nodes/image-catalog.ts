// Container image references as containerd reports them: "nginx" is
// docker.io/library/nginx:latest, with a stable digest and a plausible size so pull
// times and node.status.images look like a real node's.
import { createHash } from 'node:crypto';

export interface ImageInfo {
  /** The normalised reference, e.g. "docker.io/library/nginx:latest". */
  ref: string;
  /** The repository digest reference, e.g. "docker.io/library/nginx@sha256:…". */
  digestRef: string;
  sizeBytes: number;
}

/** Compressed sizes of images people use in tutorials (bytes, as containerd reports them). */
const KNOWN_SIZES: [RegExp, number][] = [
  [/\/library\/nginx:.*alpine/, 21_683_420],
  [/\/library\/nginx:/, 72_225_394],
  [/\/library\/busybox:/, 2_155_103],
  [/\/library\/alpine:/, 3_653_068],
  [/\/library\/ubuntu:/, 29_754_422],
  [/\/library\/debian:/, 48_480_450],
  [/\/library\/redis:/, 45_183_102],
  [/\/library\/postgres:/, 158_484_902],
  [/\/library\/mysql:/, 171_829_011],
  [/\/library\/httpd:/, 58_432_108],
  [/\/library\/perl:/, 340_113_702],
  [/\/library\/python:/, 412_870_503],
  [/\/library\/node:/, 398_120_610],
  [/registry\.k8s\.io\/pause:/, 320_368],
  [/registry\.k8s\.io\/kube-proxy:/, 30_232_104],
  [/registry\.k8s\.io\/kube-apiserver:/, 28_102_540],
  [/registry\.k8s\.io\/kube-controller-manager:/, 24_542_318],
  [/registry\.k8s\.io\/kube-scheduler:/, 19_780_624],
  [/registry\.k8s\.io\/etcd:/, 57_680_541],
  [/registry\.k8s\.io\/coredns\/coredns:/, 22_384_805],
];
const DEFAULT_SIZE = 50_000_000;

/** Normalises an image reference as containerd does (docker.io, library/, :latest). */
export function normalizeImage(image: string): string {
  let name = image.trim();
  const at = name.indexOf('@');
  const digest = at >= 0 ? name.slice(at) : '';
  if (at >= 0) name = name.slice(0, at);
  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? '' : name.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) name = `docker.io/${firstSlash < 0 ? `library/${name}` : name}`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!digest && !lastSegment.includes(':')) name += ':latest';
  return name + digest;
}

/**
 * Images a cluster uses are few, but every container start asks for its image's info (a
 * sha256 of the reference): remembered per reference. Bounded in case a workload invents names.
 */
const infoCache = new Map<string, ImageInfo>();
const INFO_CACHE_MAX = 4096;

export function imageInfo(image: string): ImageInfo {
  let info = infoCache.get(image);
  if (info) return info;
  info = computeImageInfo(image);
  if (infoCache.size >= INFO_CACHE_MAX) infoCache.clear();
  infoCache.set(image, info);
  return info;
}

function computeImageInfo(image: string): ImageInfo {
  const ref = normalizeImage(image);
  const repository = ref.includes('@') ? ref.slice(0, ref.indexOf('@')) : ref.slice(0, ref.lastIndexOf(':'));
  const digest = ref.includes('@') ? ref.slice(ref.indexOf('@') + 1) : `sha256:${createHash('sha256').update(ref).digest('hex')}`;
  const known = KNOWN_SIZES.find(([re]) => re.test(ref));
  return Object.freeze({ ref, digestRef: `${repository}@${digest}`, sizeBytes: known ? known[1] : DEFAULT_SIZE });
}
