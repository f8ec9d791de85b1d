import { Module } from '@nestjs/common';
import { SeminarsController } from './seminars.controller';
import { SeminarsRepository } from './seminars.repository';
import { SeminarsService } from './seminars.service';

@Module({
  controllers: [SeminarsController],
  providers: [SeminarsService, SeminarsRepository],
  exports: [SeminarsService],
})
export class SeminarsModule {}
