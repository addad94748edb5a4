import { StaffPlaceholder } from '../components/StaffPlaceholder';

/** The engineers' field app: a placeholder until the field work lands. */
export default function Field() {
  return <StaffPlaceholder title="field.title" body="field.placeholder" />;
}
