import { StepUpError } from "../../errors/index.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

/** `GET /auth/profile`: the user's claims; 401 `unauthorized` when signed out. */
export const profile: RouteHandler = async (_request, { core, cookies }) => {
  const session = await core.sessions.read(cookies);
  if (!session) throw new StepUpError("unauthorized");
  return json(session.user);
};
