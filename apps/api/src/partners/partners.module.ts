import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { SeminarsModule } from '../seminars/seminars.module';
import { VisitsModule } from '../visits/visits.module';
import { PartnersController } from './partners.controller';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

@Module({
  imports: [SeminarsModule, ActivitiesModule, VisitsModule],
  controllers: [PartnersController],
  providers: [PartnersService, PartnersRepository],
})
export class PartnersModule {}
