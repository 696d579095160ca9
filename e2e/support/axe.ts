import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** axe-core's rule tags up to WCAG 2.2 AA (each level's A and AA rules). */
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core over the page as it is now and expects no violation of the
 * WCAG 2.2 AA rules. The failure names each rule and its elements, so the
 * report says what to fix.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  // Only violations are read: axe then skips building the element details of
  // every passing and inapplicable check. Legacy mode runs axe in the page
  // itself instead of finishing each analysis in a new blank page (a new
  // page per check); it differs only for cross-origin iframes, which none of
  // these pages has.
  const { violations } = await new AxeBuilder({ page })
    .withTags(WCAG_22_AA)
    .options({ resultTypes: ["violations"] })
    .setLegacyMode()
    .analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, `axe-core violations on ${state}`).toEqual([]);
}
