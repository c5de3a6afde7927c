/**
 * The vCPUs and memory of the EC2 instance types a nodegroup may use: the fleet report's
 * capacity figures come from here, and validation refuses a type this table does not know, so
 * that a misspelt type fails before Terraform runs.
 *
 * Within one of these families every size has the same memory per vCPU, and a size's name
 * gives its vCPUs (AWS's published specifications), so the table is built from the two.
 */

export interface InstanceCapacity {
  readonly vcpus: number;
  readonly memoryGiB: number;
}

/** vCPUs of each size name. */
const SIZE_VCPUS: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '9xlarge': 36,
  '12xlarge': 48,
  '16xlarge': 64,
  '18xlarge': 72,
  '24xlarge': 96,
  '32xlarge': 128,
  '48xlarge': 192,
};

/** The sizes of each generation, as AWS offers them. */
const COMMON = ['large', 'xlarge', '2xlarge', '4xlarge'];
const SIZES = {
  c5: [...COMMON, '9xlarge', '12xlarge', '18xlarge', '24xlarge'],
  fifth: [...COMMON, '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  sixth: [...COMMON, '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  seventh: [...COMMON, '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  graviton: ['medium', ...COMMON, '8xlarge', '12xlarge', '16xlarge'],
};

/** GiB of memory per vCPU of each family: compute 2, general purpose 4, memory 8. */
const FAMILIES: Record<string, { memoryPerVcpu: number; sizes: string[] }> = {
  c5: { memoryPerVcpu: 2, sizes: SIZES.c5 },
  c6i: { memoryPerVcpu: 2, sizes: SIZES.sixth },
  c7i: { memoryPerVcpu: 2, sizes: SIZES.seventh },
  c6g: { memoryPerVcpu: 2, sizes: SIZES.graviton },
  c7g: { memoryPerVcpu: 2, sizes: SIZES.graviton },
  m5: { memoryPerVcpu: 4, sizes: SIZES.fifth },
  m6i: { memoryPerVcpu: 4, sizes: SIZES.sixth },
  m7i: { memoryPerVcpu: 4, sizes: SIZES.seventh },
  m6g: { memoryPerVcpu: 4, sizes: SIZES.graviton },
  m7g: { memoryPerVcpu: 4, sizes: SIZES.graviton },
  r5: { memoryPerVcpu: 8, sizes: SIZES.fifth },
  r6i: { memoryPerVcpu: 8, sizes: SIZES.sixth },
  r7i: { memoryPerVcpu: 8, sizes: SIZES.seventh },
  r6g: { memoryPerVcpu: 8, sizes: SIZES.graviton },
  r7g: { memoryPerVcpu: 8, sizes: SIZES.graviton },
};

/** Every instance type the table knows, by name. */
export const INSTANCE_TYPES: ReadonlyMap<string, InstanceCapacity> = new Map(
  Object.entries(FAMILIES).flatMap(([family, { memoryPerVcpu, sizes }]) =>
    sizes.map((size): [string, InstanceCapacity] => {
      const vcpus = SIZE_VCPUS[size];
      return [`${family}.${size}`, { vcpus, memoryGiB: vcpus * memoryPerVcpu }];
    }),
  ),
);

/** The families the table knows, for error messages. */
export const INSTANCE_FAMILIES = Object.keys(FAMILIES);

/** The types the table knows in `family` (`c5`), smallest first; none for an unknown family. */
export function familyTypes(family: string): string[] {
  const known = Object.hasOwn(FAMILIES, family) ? FAMILIES[family] : undefined;
  return (known?.sizes ?? []).map((size) => `${family}.${size}`);
}

/** Whether an instance type's processor is Arm (Graviton), which needs an ARM_64 AMI. */
export function isArm(instanceType: string): boolean {
  return /^[a-z]\d+g[a-z]*\./.test(instanceType);
}
