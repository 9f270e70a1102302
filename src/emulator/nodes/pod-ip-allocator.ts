// Pod IPs from the node's podCIDR, as a CNI's host-local IPAM hands them out: the lowest
// free address after the gateway (.1), released when the pod is gone.

export class PodIpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 2;

  constructor(cidr: string) {
    const [ip, bits] = cidr.split('/');
    const parts = ip.split('.').map(Number);
    this.base = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
    this.size = 2 ** (32 - Number(bits ?? 24));
  }

  /** An unused address, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    for (let tried = 0; tried < this.size; tried++) {
      const offset = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return format(this.base + offset);
      }
    }
    return undefined;
  }

  /** Marks an address taken (a pod adopted after a restart keeps its IP). */
  claim(ip: string): void {
    const offset = parse(ip) - this.base;
    if (offset > 0 && offset < this.size) this.used.add(offset);
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(parse(ip) - this.base);
  }
}

function parse(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function format(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
