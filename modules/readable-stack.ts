import { TerraformElement, TerraformStack } from 'cdktf';
import type { Node } from 'constructs';

/**
 * A stack whose resource addresses read as construct paths (`aws_eks_cluster.cluster_eks`)
 * instead of cdktf's hashed ids, so that `terraform state list` and plans are legible at night.
 * Two paths could join to the same address (`a_b` + `c` and `a` + `b_c`); for two elements of
 * one kind that is refused at synth, since only one of them would reach the configuration.
 */
export abstract class ReadableStack extends TerraformStack {
  /** Paths by kind of element and address: two kinds may share an address, one kind may not. */
  private readonly pathsByAddress = new Map<string, string>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    const logicalId = components.join('_').replace(/[^A-Za-z0-9_-]/g, '-');
    // The class stands for the element's kind: a resource type, a data source type, an output.
    const address = `${element.constructor.name} ${logicalId}`;
    const earlier = this.pathsByAddress.get(address);
    if (earlier !== undefined && earlier !== node.path) {
      throw new Error(
        `${node.path} and ${earlier} would share the Terraform address ${logicalId}; rename one`,
      );
    }
    this.pathsByAddress.set(address, node.path);
    return logicalId;
  }
}
