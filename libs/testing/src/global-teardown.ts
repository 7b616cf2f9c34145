export default async function globalTeardown(): Promise<void> {
  await globalThis.__JALON_TEST_PG__?.stop();
}
