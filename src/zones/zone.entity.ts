import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A neighbourhood of the network' })
@Entity('zones')
export class Zone {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Short upper-case code such as SOUTHSIDE' })
  @Column({ unique: true })
  code!: string;

  @Field()
  @Column()
  name!: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
