export * from './sanctionable';
export * from './sanctions-read.projection';
