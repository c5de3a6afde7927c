/** Reading Terraform plans: what each would add, change and destroy. */

export interface PlanResult {
  readonly colour: string;
  readonly ok: boolean;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Resources the plan would destroy or replace, by address. */
  readonly destroyed: readonly string[];
  /** Terraform's own words when the plan failed. */
  readonly error?: string;
}

export interface PlannedChange {
  readonly address: string;
  readonly change: { readonly actions: readonly string[] };
}

/** Counts a plan's changes the way `terraform plan` sums them up; a replacement counts twice. */
export function countChanges(changes: readonly PlannedChange[]): Omit<PlanResult, 'colour' | 'ok'> {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const destroyed: string[] = [];
  for (const { address, change: planned } of changes) {
    const actions = planned.actions;
    if (actions.includes('create')) add += 1;
    if (actions.includes('update')) change += 1;
    if (actions.includes('delete')) {
      destroy += 1;
      destroyed.push(address);
    }
  }
  return { add, change, destroy, destroyed };
}
