// The emulator's patch engines and server-side apply, as the API server core calls them.

export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch, CUSTOM_RESOURCE_PATCH_TYPES } from './strategic-merge';
export { serverSideApply, trackUpdate, LAST_APPLIED_ANNOTATION, BEFORE_FIRST_APPLY, type ApplyArgs, type UpdateArgs } from './field-manager';
export { managerFromUserAgent, FIELD_MANAGER_MAX_LENGTH } from './user-agent';
export { fieldSetOf } from './field-walk';
export { FieldSet, fieldsV1ToPaths, pathString } from './fieldset';
export { PatchNotApplicableError } from './patch-errors';
