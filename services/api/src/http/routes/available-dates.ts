import type { RequestHandler } from 'express';
import { SimpleScope } from '@flowdeck/tokens';
import type { AvailabilityStore } from '../../adapters/postgres/availability-store.js';
import { availableDatesBody } from '../../domain/available-dates-body.js';
import { requireScopes } from '../steps/require-scopes.js';

function answerAvailableDates(availability: AvailabilityStore): RequestHandler {
  return async function answerAvailableDates(_req, res) {
    res.json(availableDatesBody(await availability.availableDates()));
  };
}

/** GET /api/0/available_dates: token → `get_available_dates` → dates per type. Any request body is ignored. */
export function availableDatesRoute(deps: { requireToken: RequestHandler; availability: AvailabilityStore }): RequestHandler[] {
  return [deps.requireToken, requireScopes(() => [SimpleScope.GetAvailableDates]), answerAvailableDates(deps.availability)];
}
