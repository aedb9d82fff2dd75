import { Box, Code } from '@mantine/core';
import { CopyButton } from './CopyButton';

/** A snippet with a copy button in its corner. */
export function CodeBlock({ code, label = 'Copy snippet' }: { code: string; label?: string }) {
  return (
    <Box pos="relative">
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', paddingRight: 40 }}>{code}</Code>
      <Box pos="absolute" top={6} right={6}><CopyButton value={code} label={label} /></Box>
    </Box>
  );
}
