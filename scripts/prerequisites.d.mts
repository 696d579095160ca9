// Types of prerequisites.mjs for the TypeScript that imports it (playwright.config.ts).
export interface Probe {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  isRoot: boolean;
  isDebian: boolean;
  playwrightChromium(): Promise<string | undefined>;
  postgresDirs: string[];
  postgresUser: boolean;
}
export type Decision =
  | { kind: "use"; path: string; source: string }
  | { kind: "install"; pkg: string }
  | { kind: "skip" }
  | { kind: "missing"; component: "chromium" | "postgres"; what: string; fix: string };
export const SKIP_POSTGRES_ENV: "STEPUP_SKIP_POSTGRES";
export const SYSTEM_CHROMIUM: string;
export const POSTGRES_SKIPPED_NOTICE: string;
export function decideChromium(probe: Probe, options?: { canInstall?: boolean }): Promise<Decision>;
export function decidePostgres(probe: Probe, options?: { canInstall?: boolean }): Decision;
export function failureLine(missing: Decision[], probe: Probe): string;
export function probeMachine(env?: Record<string, string | undefined>): Probe;
export class PrerequisiteError extends Error {}
export function ensurePrerequisites(options?: {
  probe?: () => Probe;
  install?: (packages: string[]) => boolean;
  log?: (line: string) => void;
  postgres?: boolean;
}): Promise<{ env: Record<string, string>; postgresSkipped: boolean }>;
