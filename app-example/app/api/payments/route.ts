/**
 * The dashboard's payment endpoint: the same backend-for-frontend as the
 * route-handler example (withStepUp + auth.fetchWithToken), under the path
 * the dashboard posts to.
 */
export { POST } from "@/app/examples/route-handler/api/route";
