import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from './command-context';
import type { CommandRequest } from './command.interceptor';

/** The command context prepared by CommandInterceptor (ids, If-Match). */
export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const ctx = context.switchToHttp().getRequest<CommandRequest>().commandContext;
  if (!ctx) throw new Error('CommandCtx needs CommandInterceptor on the route');
  return ctx;
});
