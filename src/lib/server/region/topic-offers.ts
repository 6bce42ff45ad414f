/**
 * What the network offers for a topic field: links to the pages where people use it (not
 * where they take part, which every topic page shows). Keyed by the topic field's key — the
 * region file's `topicFields[].key`, stored as `topic_field.key` and used in `/themen/<key>` —
 * so every region with a field of that key gets the same offers. A field without an entry
 * shows none; when a later field gets pages of its own, it adds an entry here and its texts
 * in messages/site.*.json.
 */
import type { MessageKey } from '../../i18n/index.ts';

export interface TopicOffer {
	/** a path of this site */
	href: `/${string}`;
	label: MessageKey;
	description: MessageKey;
}

const TOPIC_OFFERS: Readonly<Record<string, readonly TopicOffer[]>> = {
	'regionale-produkte': [
		{
			href: '/einkaufen',
			label: 'topic.offer.shopping',
			description: 'topic.offer.shopping.description'
		},
		{
			href: '/maerkte',
			label: 'topic.offer.markets',
			description: 'topic.offer.markets.description'
		},
		{
			href: '/produkte',
			label: 'topic.offer.products',
			description: 'topic.offer.products.description'
		},
		{
			href: '/bestellen',
			label: 'topic.offer.order',
			description: 'topic.offer.order.description'
		},
		// village, regional and farm shops are all places of kind `shop` (/orte filters by `art`)
		{
			href: '/orte?art=shop',
			label: 'topic.offer.shops',
			description: 'topic.offer.shops.description'
		}
	]
};

/** The offers linked from a topic field's page; none for a field without any yet. */
export function topicOffers(topicFieldKey: string): readonly TopicOffer[] {
	return Object.hasOwn(TOPIC_OFFERS, topicFieldKey) ? TOPIC_OFFERS[topicFieldKey]! : [];
}
