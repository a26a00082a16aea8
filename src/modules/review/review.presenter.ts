import type { SubmissionState } from './submission.model.ts';

/** Pure functions that pick the public fields: the receipt points the author at the site. */
export function presentSubmissionReceipt(
  receipt: { id: number; state: SubmissionState },
  publicUrl: string,
) {
  return {
    ...receipt,
    url: `${publicUrl}/submissions/${receipt.id}`,
  };
}
