import { StaffPlaceholder } from '../components/StaffPlaceholder';

/** The dispatchers' desk (调度台): a placeholder until the desk work lands. */
export default function Desk() {
  return <StaffPlaceholder title="desk.title" body="desk.placeholder" />;
}
