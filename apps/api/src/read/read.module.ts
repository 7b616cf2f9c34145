import { Module } from '@nestjs/common';

/** Queries of api.md answered from the read models. */
@Module({ controllers: [], providers: [] })
export class ReadModule {}
