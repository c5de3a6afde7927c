/** Reading Terraform plans: what each would add, change and destroy, and what must not go. */

/**
 * The resources whose loss takes a region down or its data with it: a plan that destroys or
 * replaces one is refused unless the user allows it. A region's DNS zone is one: a new zone has
 * new name servers, and every name in it is gone until resolvers let go of the old delegation.
 */
export const GUARDED_TYPES = [
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_kms_key',
  'aws_route53_zone',
  'aws_vpc',
];

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Resources the plan would destroy or replace, by address. */
  readonly destroyed: readonly string[];
  /** Of those, the ones of a guarded type. */
  readonly guarded: readonly string[];
}

export interface PlanResult extends PlanCounts {
  readonly colour: string;
  readonly ok: boolean;
  /** Terraform's own words when the plan failed. */
  readonly error?: string;
}

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[] };
}

/** Counts a plan's changes the way `terraform plan` sums them up; a replacement counts twice. */
export function countChanges(changes: readonly PlannedChange[]): PlanCounts {
  let add = 0;
  let change = 0;
  const destroyed: string[] = [];
  const guarded: string[] = [];
  for (const { address, type, change: planned } of changes) {
    const actions = planned.actions;
    if (actions.includes('create')) add += 1;
    if (actions.includes('update')) change += 1;
    if (actions.includes('delete')) {
      destroyed.push(address);
      if (GUARDED_TYPES.includes(type)) guarded.push(address);
    }
  }
  return { add, change, destroy: destroyed.length, destroyed, guarded };
}
