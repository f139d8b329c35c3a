import { Outlet } from 'react-router';
import { Frame } from './Frame';

/** Frame for screens open to anyone: sign-in, first staff setup, mailbox, not found. */
export function PublicLayout() {
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}
