import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import embedExamples from './src/plugins/remark-embed-examples';
import remarkDiagrams from './src/plugins/remark-diagrams';
import sitePlugin from './src/plugins/site-plugin';
import {siteLocation} from './src/site-constants';
import {darkCodeTheme, lightCodeTheme} from './src/prism-themes';

// url, baseUrl and the repository link come from one place; the deploy workflow sets
// KSN_PAGES_REPOSITORY (src/site-constants.ts says how a fork or a custom domain changes them).
const site = siteLocation(process.env);
const REPOSITORY_URL = site.repositoryUrl;

const locale = process.env.DOCUSAURUS_CURRENT_LOCALE ?? 'ko';
const isEnglish = locale === 'en';

const config: Config = {
  title: isEnglish ? 'Kubernetes Security Notes' : '쿠버네티스 보안 노트',
  tagline: isEnglish
    ? 'Kubernetes security for the CKA, with every example proven on a real API server'
    : 'CKA를 위한 쿠버네티스 보안: 모든 예제를 실제 API 서버에서 검증한다',
  favicon: 'img/favicon.svg',
  url: site.url,
  baseUrl: site.baseUrl,
  organizationName: new URL(REPOSITORY_URL).pathname.split('/')[1],
  projectName: new URL(REPOSITORY_URL).pathname.split('/')[2],
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  future: {
    v4: true,
    // Rspack, SWC and Lightning CSS: the same site (both locales, 3 pages) built cold in 11.7 s
    // and 885 MB peak, against 64.4 s and 1.44 GB with webpack; warm 4.6 s vs 5.6 s.
    faster: true,
  },

  i18n: {
    defaultLocale: 'ko',
    locales: ['ko', 'en'],
    localeConfigs: {
      ko: {label: '한국어', htmlLang: 'ko'},
      en: {label: 'English', htmlLang: 'en'},
    },
  },

  markdown: {
    // ```mermaid blocks are drawn ahead of time (`npm run diagrams`) and shown as SVG files by
    // src/plugins/remark-diagrams.ts: no diagram code reaches the reader.
    // Explicit ASCII heading ids, the same in both locales: `## 제목 {#ascii-id}` (STYLE.md, point 7).
    mdx1Compat: {headingIds: true, comments: false, admonitions: false},
    hooks: {onBrokenMarkdownLinks: 'throw'},
  },
  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        language: ['ko', 'en'],
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
        // Interactive checkers repeat the YAML of the page; keep them out of the index.
        ignoreCssSelectors: ['.ksn-interactive'],
      },
    ],
  ],
  plugins: [sitePlugin],

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          editUrl: `${REPOSITORY_URL}/edit/main/`,
          editLocalizedFiles: true,
          showLastUpdateTime: true,
          remarkPlugins: [embedExamples, remarkDiagrams],
        },
        blog: false,
        pages: false,
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: {respectPrefersColorScheme: true},
    navbar: {
      title: isEnglish ? 'Kubernetes Security Notes' : '쿠버네티스 보안 노트',
      logo: {alt: 'kube-security-notes', src: 'img/favicon.svg'},
      items: [
        {type: 'localeDropdown', position: 'right'},
        {href: REPOSITORY_URL, label: 'GitHub', position: 'right'},
      ],
    },
    footer: {
      style: 'dark',
      copyright: isEnglish
        ? 'Kubernetes Security Notes. Examples are verified against Kubernetes v1.36.'
        : '쿠버네티스 보안 노트. 예제는 쿠버네티스 v1.36에서 검증한다.',
    },
    prism: {
      // github and dracula with the token colors that miss WCAG AA contrast replaced.
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      // yaml and json ship with prism-react-renderer; bash does not.
      additionalLanguages: ['bash'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
