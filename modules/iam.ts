/** Small builders for IAM documents, shared by every construct that makes a role. */

/** A trust policy that lets one AWS service assume the role. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** The ARN of an AWS-managed IAM policy. */
export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * The name of an account-global IAM object. IAM is global to the account, so the name carries
 * the colour and the AWS region: two regions in one account never collide.
 */
export function globalName(clusterName: string, awsRegion: string, role: string): string {
  return `${clusterName}-${awsRegion}-${role}`;
}
