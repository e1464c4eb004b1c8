import { describe, expect, it } from 'vitest';
import { cgroupCpuLimit, chooseCpuThreads } from './threads.ts';

const files = (map: Record<string, string>) => (p: string): string | undefined => map[p];

describe('cgroupCpuLimit', () => {
  it('reads a cgroup v2 quota', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2);
  });
  it('treats "max" as no limit', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeUndefined();
  });
  it('reads a cgroup v1 quota and ignores -1', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '150000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(1.5);
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBeUndefined();
  });
});

describe('chooseCpuThreads', () => {
  it('uses the cores a container may use, not the host total', () => {
    expect(chooseCpuThreads({ cores: 64, quota: 2 })).toBe(2);
    expect(chooseCpuThreads({ cores: 64, quota: 1.5 })).toBe(1);
    expect(chooseCpuThreads({ cores: 2 })).toBeLessThanOrEqual(2);
    expect(chooseCpuThreads({ cores: 2, quota: 8 })).toBe(2);
  });
  it('never returns less than one thread', () => {
    expect(chooseCpuThreads({ cores: 1, quota: 0.25 })).toBe(1);
  });
});
