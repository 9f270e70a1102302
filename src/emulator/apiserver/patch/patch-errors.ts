// The two error shapes patching produces besides plain 400s: kube-apiserver reports a patch
// that decodes but does not apply as a generic 422 (NewGenericServerResponse drops the
// library's text), and a plain Go error from the merge code as a 500 whose message is that text.

import { ApiError } from '../status';

/** 422 Invalid, "the server rejected our request due to an error in our request"; `detail` says why, for logs and tests. */
export class PatchNotApplicableError extends ApiError {
  constructor(readonly detail: string) {
    super(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  }
}

/** 500 with the error text as message and no reason (metav1.StatusReasonUnknown), as kube-apiserver answers non-Status errors. */
export function serverError(message: string): ApiError {
  return new ApiError(500, '', message);
}
