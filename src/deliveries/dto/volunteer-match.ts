import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Volunteer } from '../../volunteers/volunteer.entity.js';

@ObjectType({ description: 'A volunteer suggested for a delivery request, best first' })
export class VolunteerMatch {
  @Field(() => Volunteer)
  volunteer!: Volunteer;

  @Field(() => Float, { description: 'Higher is better; only the order between matches means anything' })
  score!: number;

  @Field(() => [String], { description: 'Short phrases: "speaks es", "has a car", "available now", …' })
  reasons!: string[];
}
