import { Module } from '@nestjs/common';
import { CouncilController } from './council.controller';
import { CouncilRepository } from './council.repository';
import { CouncilService } from './council.service';

@Module({
  controllers: [CouncilController],
  providers: [CouncilService, CouncilRepository],
})
export class CouncilModule {}
