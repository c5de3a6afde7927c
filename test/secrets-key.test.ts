import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing } from 'cdktf';
import { SecretsKey, type SecretsKeyProps } from '../modules/secrets-key';
import { referenceTo, resourcesOf } from './synthesized';

const PROPS: SecretsKeyProps = { colour: 'pink', accountId: '123456789012', partition: 'aws' };

function synthKey(props: Partial<SecretsKeyProps> = {}): string {
  return Testing.synthScope(
    (stack) => new SecretsKey(stack, 'secrets-key', { ...PROPS, ...props }),
  );
}

describe('SecretsKey', () => {
  const synthesized = synthKey();

  test('turns key rotation on', () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
  });

  test('defaults the deletion window to 30 days', () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 30 });
  });

  test('can configure the deletion window', () => {
    expect(synthKey({ deletionWindowInDays: 7 })).toHaveResourceWithProperties(KmsKey, {
      deletion_window_in_days: 7,
    });
  });

  test('names the alias alias/eks/<colour>/secrets and points it at the key', () => {
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, {
      name: 'alias/eks/pink/secrets',
      target_key_id: referenceTo(synthesized, KmsKey, 'key_id'),
    });
  });

  test('keeps the account root in full control of the key', () => {
    const [key] = Object.values(resourcesOf(synthesized, KmsKey));
    expect(JSON.parse(key.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministration',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
  });
});
