import type { Response } from 'express';
import type { HttpAnswer } from '../domain/http-answer.js';

/** Writes a spec-table answer: status, its headers, JSON body. */
export function sendAnswer(res: Response, answer: HttpAnswer): void {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.json(answer.body);
}
