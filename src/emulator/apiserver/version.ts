// /version: a semver kubectl and helm accept, marked as the emulator in gitCommit/platform.
export const EMULATED_KUBERNETES_VERSION = { major: '1', minor: '34', gitVersion: 'v1.34.1' };

export function versionInfo(): Record<string, string> {
  return {
    major: EMULATED_KUBERNETES_VERSION.major,
    minor: EMULATED_KUBERNETES_VERSION.minor,
    emulationMajor: EMULATED_KUBERNETES_VERSION.major,
    emulationMinor: EMULATED_KUBERNETES_VERSION.minor,
    minCompatibilityMajor: EMULATED_KUBERNETES_VERSION.major,
    minCompatibilityMinor: String(Number(EMULATED_KUBERNETES_VERSION.minor) - 1),
    gitVersion: EMULATED_KUBERNETES_VERSION.gitVersion,
    gitCommit: 'cluster-anatomy-emulator',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
