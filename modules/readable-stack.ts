import { TerraformElement, TerraformStack } from 'cdktf';
import type { Node } from 'constructs';

/**
 * A stack whose resource addresses read as construct paths (`aws_eks_cluster.cluster_eks`)
 * instead of cdktf's hashed ids, so that `terraform state list` and plans are legible at night.
 * Two paths could join to the same address (`a_b` + `c` and `a` + `b_c`); that is refused at
 * synth, since Terraform would silently keep only one of the two resources.
 */
export abstract class ReadableStack extends TerraformStack {
  private readonly pathsByLogicalId = new Map<string, string>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    const logicalId = components.join('_').replace(/[^A-Za-z0-9_-]/g, '-');
    const earlier = this.pathsByLogicalId.get(logicalId);
    if (earlier !== undefined && earlier !== node.path) {
      throw new Error(
        `${node.path} and ${earlier} would share the Terraform address ${logicalId}; rename one`,
      );
    }
    this.pathsByLogicalId.set(logicalId, node.path);
    return logicalId;
  }
}
