import crypto from 'node:crypto';

/**
 * The seed of one sample, from the run seed, the prompt's text and the sample's index: the
 * same run settings reproduce the same samples in any workspace, and resuming a run gives a
 * missing sample the seed it would have had.
 */
export function sampleSeed(runSeed: number, promptText: string, index: number): number {
  const digest = crypto.createHash('sha256').update(`${runSeed}\u0000${index}\u0000${promptText}`).digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}
