/**
 * The provisioning critical path of a synthesized region: every resource waits for the ones it
 * refers to or depends on, and takes the typical creation time of its type; the longest chain
 * of waits is how long a first deploy takes, however much runs side by side.
 */

/**
 * Typical creation times on AWS, in seconds, by resource type: the figures AWS documents or
 * that the AWS provider's own timeouts and waiters are sized for. Anything not listed is a
 * single API call of a second or two.
 */
export const CREATION_SECONDS: Record<string, number> = {
  aws_eks_cluster: 600, // EKS: "about 10 minutes" for a control plane
  aws_eks_node_group: 180, // instances boot and join: about 3 minutes
  aws_nat_gateway: 90, // pending to available: one to two minutes
  helm_release: 60, // images pulled, pods ready (the release waits for them)
  aws_acm_certificate_validation: 300, // ACM sees the DNS record and issues: minutes
  aws_route53_record: 60, // the provider waits for the change to be INSYNC: about a minute
  aws_route53_zone: 60, // likewise for a new zone's change
  aws_acm_certificate: 10,
  aws_eks_access_policy_association: 5,
  aws_eks_access_entry: 5,
  aws_kms_key: 5,
  aws_iam_role: 3, // IAM is eventually consistent; the provider waits for propagation
  aws_eip: 2,
  kubernetes_namespace_v1: 2,
};

const DEFAULT_SECONDS = 2;

export interface Scheduled {
  readonly address: string;
  readonly start: number;
  readonly finish: number;
}

export interface CriticalPath {
  /** The longest chain of creations, first to last. */
  readonly chain: readonly Scheduled[];
  readonly totalSeconds: number;
  /** The most resources being created at one moment, with unlimited parallelism. */
  readonly maxParallel: number;
  readonly resources: number;
}

type Block = Record<string, unknown>;

/** Every resource address a block refers to, through `${type.name...}` or depends_on. */
function references(block: unknown, addresses: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const text = JSON.stringify(block);
  for (const match of text.matchAll(/(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+/g)) {
    if (addresses.has(match[0])) found.add(match[0]);
  }
  return found;
}

/** The resources of a synthesized stack and what each waits for. */
export function dependencyGraph(stack: { resource?: Record<string, Record<string, Block>> }) {
  const blocks = new Map<string, Block>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) blocks.set(`${type}.${name}`, block);
  }
  const addresses = new Set(blocks.keys());
  const waitsFor = new Map<string, Set<string>>();
  for (const [address, block] of blocks) {
    // cdktf's metadata ("//") names construct paths, not dependencies.
    const body = { ...block, '//': undefined };
    const deps = references(body, addresses);
    deps.delete(address);
    waitsFor.set(address, deps);
  }
  return waitsFor;
}

function seconds(address: string): number {
  return CREATION_SECONDS[address.split('.')[0]] ?? DEFAULT_SECONDS;
}

/** Schedules every resource as early as its dependencies allow and finds the longest chain. */
export function criticalPath(waitsFor: ReadonlyMap<string, ReadonlySet<string>>): CriticalPath {
  const finish = new Map<string, number>();
  const before = new Map<string, string | undefined>();
  const visit = (address: string, trail: Set<string>): number => {
    const known = finish.get(address);
    if (known !== undefined) return known;
    if (trail.has(address)) throw new Error(`dependency cycle through ${address}`);
    trail.add(address);
    let start = 0;
    let last: string | undefined;
    for (const dep of waitsFor.get(address) ?? []) {
      const depFinish = visit(dep, trail);
      if (depFinish > start) {
        start = depFinish;
        last = dep;
      }
    }
    trail.delete(address);
    finish.set(address, start + seconds(address));
    before.set(address, last);
    return start + seconds(address);
  };
  for (const address of waitsFor.keys()) visit(address, new Set());

  const [end] = [...finish.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const chain: Scheduled[] = [];
  for (let at: string | undefined = end?.[0]; at !== undefined; at = before.get(at)) {
    const done = finish.get(at) ?? 0;
    chain.unshift({ address: at, start: done - seconds(at), finish: done });
  }

  // Sweep the start and finish moments to find the widest point of the schedule.
  const events = [...finish.entries()].flatMap(([address, done]) => [
    { at: done - seconds(address), delta: 1 },
    { at: done, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let maxParallel = 0;
  for (const event of events) {
    running += event.delta;
    maxParallel = Math.max(maxParallel, running);
  }
  return { chain, totalSeconds: end?.[1] ?? 0, maxParallel, resources: finish.size };
}

/** True when `from` waits, directly or through others, for `to`. */
export function waitsOn(
  waitsFor: ReadonlyMap<string, ReadonlySet<string>>,
  from: string,
  to: string,
): boolean {
  const seen = new Set<string>();
  const stack = [...(waitsFor.get(from) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (next === to) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(waitsFor.get(next) ?? []));
  }
  return false;
}
