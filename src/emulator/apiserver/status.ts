// Errors the API server returns, as metav1.Status objects with the reasons, codes and
// message wording kube-apiserver uses, so kubectl and client libraries print them cleanly.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Where an error is about: resource (plural, e.g. "pods", "deployments.apps") and name. */
export interface Target {
  group?: string;
  resource: string;
  name?: string;
}

function qualified(t: Target): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }

  static badRequest(message: string, causes?: StatusCause[]): ApiError {
    return new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);
  }

  static unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  }

  static forbidden(t: Target, message: string): ApiError {
    return new ApiError(403, 'Forbidden', `${qualified(t)} "${t.name ?? ''}" is forbidden: ${message}`, { name: t.name, group: t.group, kind: t.resource });
  }

  static notFound(t: Target): ApiError {
    return new ApiError(404, 'NotFound', `${qualified(t)} "${t.name ?? ''}" not found`, { name: t.name, group: t.group, kind: t.resource });
  }

  /** A path that serves nothing: kube-apiserver answers a bare 404 Status. */
  static pathNotFound(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  static methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
    return new ApiError(405, 'MethodNotAllowed', message, {});
  }

  static alreadyExists(t: Target): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualified(t)} "${t.name ?? ''}" already exists`, { name: t.name, group: t.group, kind: t.resource });
  }

  static conflict(t: Target, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(t)} "${t.name ?? ''}": ${why}`, { name: t.name, group: t.group, kind: t.resource });
  }

  /** 410: a list or watch from a revision that compaction removed. */
  static gone(requested: number | string, current: number): ApiError {
    return new ApiError(410, 'Expired', `too old resource version: ${requested} (${current})`);
  }

  static tooLarge(message = 'Request entity too large: limit is 3145728'): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', message);
  }

  static unsupportedMediaType(contentType: string, supported: string[]): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`, { kind: contentType });
  }

  /**
   * 422: `Kind "name" is invalid: <field>: <message>, <field>: <message>`; causes carry the
   * field paths (e.g. `spec.containers[0].image`).
   */
  static invalid(kind: string, name: string, group: string | undefined, causes: StatusCause[]): ApiError {
    const detail = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const summary = detail.length === 1 ? detail[0] : `[${detail.join(', ')}]`;
    return new ApiError(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${summary}`, { name, group, kind, causes });
  }

  /** 422 without a kind, e.g. a JSON patch that does not apply. */
  static unprocessable(message: string): ApiError {
    return new ApiError(422, 'Invalid', message, {});
  }

  static tooManyRequests(message: string, retryAfterSeconds?: number): ApiError {
    return new ApiError(429, 'TooManyRequests', message, retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined);
  }

  static timeout(message: string): ApiError {
    return new ApiError(504, 'Timeout', message, {});
  }

  static internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: 'UnexpectedServerResponse', message }] });
  }

  static unavailable(message: string): ApiError {
    return new ApiError(503, 'ServiceUnavailable', message);
  }
}

/** Field error helpers with kube-apiserver's wording (field.ErrorType strings). */
export const fieldError = {
  required: (field: string, detail = ''): StatusCause => ({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` }),
  notSupported: (field: string, value: unknown, supported: string[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  }),
  duplicate: (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(value)}` }),
  forbidden: (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` }),
  tooLong: (field: string, max: number): StatusCause => ({ reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` }),
  immutable: (field: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: 'Invalid value: field is immutable' }),
  /** Invalid with the value already rendered as kube prints it (Go syntax for maps, slices, structs). */
  invalidRendered: (field: string, rendered: string, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${rendered}: ${detail}` }),
  notFound: (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueNotFound', field, message: `Not found: ${JSON.stringify(value)}` }),
};
