/** The reader's language for texts that come as {ko, en} pairs from examples/ (assertion descriptions). */
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import type {Localized} from '../../core/examples/steps';

export function useLocaleText(): (text: Localized) => string {
  const {i18n} = useDocusaurusContext();
  const locale = i18n.currentLocale === 'en' ? 'en' : 'ko';
  return (text) => text[locale];
}
