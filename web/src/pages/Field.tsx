// The engineers' field app (web/src/field/): this route's lazy chunk.
export { default } from '../field/FieldApp';
