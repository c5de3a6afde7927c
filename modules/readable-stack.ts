import { TerraformElement, TerraformStack } from 'cdktf';
import type { Node } from 'constructs';

/**
 * A stack whose resource addresses read as construct paths (`aws_eks_cluster.cluster_eks`)
 * instead of cdktf's hashed ids, so that `terraform state list` and plans are legible at night.
 * Construct ids are unique among siblings and use no underscore, so joining them with one keeps
 * every address unique.
 */
export abstract class ReadableStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    return components.join('_').replace(/[^A-Za-z0-9_-]/g, '-');
  }
}
