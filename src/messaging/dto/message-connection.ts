import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/connection.js';
import { Message } from '../message.entity.js';

/**
 * The one connection type of messages (`MessageConnection`, `MessageEdge`): every list of messages returns it,
 * since a second `Connection(Message)` would define `MessageEdge` twice.
 */
@ObjectType()
export class MessageConnection extends Connection(Message) {}
