/**
 * CPU threads for llama.cpp. node-llama-cpp defaults to at least 4 threads; on a 2-core machine
 * (or a container limited to 2 CPUs) llama.cpp's spin-waiting workers then fight over cores and
 * decoding gets 100–1000× slower. Use the cores we can actually run on.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPUs allowed by a cgroup v2 (`cpu.max`) or v1 (`cfs_quota_us`/`cfs_period_us`) quota, if any. */
export function cgroupCpuLimit(read: (path: string) => string | undefined = tryRead): number | undefined {
  const v2 = read('/sys/fs/cgroup/cpu.max');
  if (v2) {
    const [quota, period] = v2.trim().split(/\s+/);
    if (quota && quota !== 'max' && period) return Number(quota) / Number(period);
    return undefined;
  }
  const quota = read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') ?? read('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us');
  const period = read('/sys/fs/cgroup/cpu/cpu.cfs_period_us') ?? read('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us');
  if (quota && period && Number(quota) > 0) return Number(quota) / Number(period);
  return undefined;
}

function tryRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Threads for decoding on the CPU: every usable core (affinity-aware via availableParallelism,
 * capped by a cgroup quota), but never more than `max`.
 */
export function chooseCpuThreads(opts: { cores?: number; quota?: number; max?: number } = {}): number {
  const cores = opts.cores ?? availableParallelism();
  const quota = opts.quota ?? cgroupCpuLimit();
  const usable = quota !== undefined && quota > 0 ? Math.min(cores, Math.max(1, Math.floor(quota))) : cores;
  return Math.max(1, Math.min(usable, opts.max ?? 32));
}
