import { Anchor, Box } from '@mantine/core';
import { splitLinks } from './linkify';

/** Plain text (e.g. a mail body) with line breaks kept and http(s) links clickable. */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <Box component="pre" m={0} ff="inherit" fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {splitLinks(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <Anchor key={index} href={segment.href} inherit>
            {segment.href}
          </Anchor>
        ) : (
          segment.text
        ),
      )}
    </Box>
  );
}
