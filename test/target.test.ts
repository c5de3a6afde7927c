import {
  backendConnection,
  DEFAULT_EMULATOR_URL,
  providerConnection,
  targetFromEnvironment,
  type Target,
} from '../modules/target';

const CONTEXT = { stateBucket: 'fleet-state', stateRegion: 'us-west-2' };

describe('targetFromEnvironment', () => {
  test('defaults to real AWS with the state bucket from the context', () => {
    expect(targetFromEnvironment({}, CONTEXT)).toEqual({
      kind: 'aws',
      stateBucket: 'fleet-state',
      stateRegion: 'us-west-2',
      allowDestroy: [],
    });
  });

  test('selects the emulator at its default URL for FLEET_TARGET=local', () => {
    expect(DEFAULT_EMULATOR_URL).toBe('http://127.0.0.1:4599');
    const env = { FLEET_TARGET: 'local', AWS_ENDPOINT_URL: 'http://127.0.0.1:4599' };
    expect(targetFromEnvironment(env, CONTEXT)).toEqual({
      kind: 'local',
      emulatorUrl: 'http://127.0.0.1:4599',
      stateBucket: 'fleet-state',
      stateRegion: 'us-west-2',
      allowDestroy: [],
    });
  });

  test('treats an empty FLEET_TARGET as the aws default', () => {
    expect(targetFromEnvironment({ FLEET_TARGET: '' }, CONTEXT)).toEqual({
      kind: 'aws',
      stateBucket: 'fleet-state',
      stateRegion: 'us-west-2',
      allowDestroy: [],
    });
  });

  test('lifts the destroy guard only for the colours FLEET_ALLOW_DESTROY lists', () => {
    const env = { FLEET_ALLOW_DESTROY: ' pink, ,teal ' };
    expect(targetFromEnvironment(env, CONTEXT).allowDestroy).toEqual(['pink', 'teal']);
    expect(targetFromEnvironment({ FLEET_ALLOW_DESTROY: '' }, CONTEXT).allowDestroy).toEqual([]);
  });

  test('can configure the emulator URL with FLEET_EMULATOR_URL', () => {
    const env = {
      FLEET_TARGET: 'local',
      FLEET_EMULATOR_URL: 'http://emulator:5000',
      AWS_ENDPOINT_URL: 'http://emulator:5000',
    };
    expect(targetFromEnvironment(env, CONTEXT).emulatorUrl).toBe('http://emulator:5000');
  });

  test('refuses the local target unless AWS_ENDPOINT_URL points the provider at the emulator', () => {
    expect(() => targetFromEnvironment({ FLEET_TARGET: 'local' }, CONTEXT)).toThrow(
      new Error(
        'FLEET_TARGET is "local" but AWS_ENDPOINT_URL is not set; the AWS provider reaches the emulator through it: set AWS_ENDPOINT_URL=http://127.0.0.1:4599 (the npm run local:* scripts do)',
      ),
    );
    const elsewhere = {
      FLEET_TARGET: 'local',
      FLEET_EMULATOR_URL: 'http://127.0.0.1:4609',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4599',
    };
    expect(() => targetFromEnvironment(elsewhere, CONTEXT)).toThrow(
      new Error(
        'FLEET_TARGET is "local" but AWS_ENDPOINT_URL is "http://127.0.0.1:4599"; the AWS provider reaches the emulator through it: set AWS_ENDPOINT_URL=http://127.0.0.1:4609 (the npm run local:* scripts do)',
      ),
    );
  });

  test('ignores FLEET_EMULATOR_URL for the aws target', () => {
    const env = { FLEET_TARGET: 'aws', FLEET_EMULATOR_URL: 'http://emulator:5000' };
    expect(targetFromEnvironment(env, CONTEXT).emulatorUrl).toBeUndefined();
  });

  test('throws if FLEET_TARGET is neither aws nor local', () => {
    expect(() => targetFromEnvironment({ FLEET_TARGET: 'gcp' }, CONTEXT)).toThrow(
      new Error('FLEET_TARGET is "gcp"; expected "aws" (the default) or "local"'),
    );
  });

  test('throws if no state bucket is set anywhere', () => {
    expect(() => targetFromEnvironment({}, { stateRegion: 'us-west-2' })).toThrow(
      new Error(
        'no state bucket: set "stateBucket" in the context of cdktf.json or FLEET_STATE_BUCKET',
      ),
    );
  });

  test('throws if the state bucket in the context is not a non-empty string', () => {
    const message =
      'no state bucket: set "stateBucket" in the context of cdktf.json or FLEET_STATE_BUCKET';
    expect(() => targetFromEnvironment({}, { ...CONTEXT, stateBucket: '' })).toThrow(
      new Error(message),
    );
    expect(() => targetFromEnvironment({}, { ...CONTEXT, stateBucket: 42 })).toThrow(
      new Error(message),
    );
  });

  test('throws if no state region is set anywhere', () => {
    expect(() => targetFromEnvironment({}, { stateBucket: 'fleet-state' })).toThrow(
      new Error(
        'no state region: set "stateRegion" in the context of cdktf.json or FLEET_STATE_REGION',
      ),
    );
  });

  test('lets the environment override the state bucket and region of the context', () => {
    const env = { FLEET_STATE_BUCKET: 'ci-state', FLEET_STATE_REGION: 'eu-west-1' };
    expect(targetFromEnvironment(env, CONTEXT)).toEqual({
      kind: 'aws',
      stateBucket: 'ci-state',
      stateRegion: 'eu-west-1',
      allowDestroy: [],
    });
  });

  test('can take the whole target from the environment without a context', () => {
    const env = {
      FLEET_TARGET: 'local',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4599',
      FLEET_STATE_BUCKET: 'b',
      FLEET_STATE_REGION: 'r',
    };
    expect(targetFromEnvironment(env)).toEqual({
      kind: 'local',
      emulatorUrl: 'http://127.0.0.1:4599',
      stateBucket: 'b',
      stateRegion: 'r',
      allowDestroy: [],
    });
  });
});

describe('connections', () => {
  const url = 'http://127.0.0.1:4599';
  const aws: Target = { kind: 'aws', stateBucket: 'b', stateRegion: 'us-west-2' };
  const local: Target = { ...aws, kind: 'local', emulatorUrl: url };

  test('adds nothing to the provider or the backend for real AWS', () => {
    expect(providerConnection(aws)).toEqual({});
    expect(backendConnection(aws)).toEqual({});
  });

  test('gives the provider test credentials and no endpoints block for the local target', () => {
    expect(providerConnection(local)).toEqual({
      accessKey: 'test',
      secretKey: 'test',
      s3UsePathStyle: true,
      skipCredentialsValidation: true,
      skipMetadataApiCheck: 'true',
      skipRequestingAccountId: true,
    });
  });

  test('points every service of the backend at the emulator for the local target', () => {
    expect(backendConnection(local)).toEqual({
      accessKey: 'test',
      secretKey: 'test',
      endpoints: { s3: url, sts: url, iam: url, dynamodb: url },
      usePathStyle: true,
      skipCredentialsValidation: true,
      skipMetadataApiCheck: true,
      skipRequestingAccountId: true,
    });
  });
});
