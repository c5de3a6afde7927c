import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, type Statement } from './addons/iam-policies';
import { globalName } from './iam';

export interface ServiceAccountRoleProps {
  readonly clusterName: string;
  readonly awsRegion: string;
  /** The role's purpose, part of its name: `eks-pink-us-west-2-external-dns`. */
  readonly name: string;
  /** The cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
  readonly oidcIssuer: string;
  /** The one service account that may assume the role. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** What the role may do. */
  readonly statements: readonly Statement[];
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only a token issued by this
 * cluster for exactly that namespace and service account, meant for STS, can assume it.
 */
export class ServiceAccountRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    const issuer = Fn.replace(props.oidcIssuer, 'https://', '');

    this.role = new IamRole(this, 'role', {
      name: globalName(props.clusterName, props.awsRegion, props.name),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: props.oidcProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${issuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
                [`${issuer}:aud`]: 'sts.amazonaws.com',
              },
            },
          },
        ],
      }),
    });

    new IamRolePolicy(this, 'policy', {
      role: this.role.id,
      name: props.name,
      policy: policyDocument(props.statements),
    });
  }
}
