import { describe, expect, it } from 'vitest';
import { ResourceTemplate, UriTemplateError } from './index.js';

// Variables of RFC 6570 section 3.2
const vars = {
  count: ['one', 'two', 'three'],
  dom: ['example', 'com'],
  dub: 'me/too',
  hello: 'Hello World!',
  half: '50%',
  var: 'value',
  who: 'fred',
  base: 'http://example.com/home/',
  path: '/foo/bar',
  list: ['red', 'green', 'blue'],
  keys: { semi: ';', dot: '.', comma: ',' },
  v: '6',
  x: '1024',
  y: '768',
  empty: '',
  empty_keys: {},
  undef: null,
};

const cases: [string, string][] = [
  // level 1
  ['{var}', 'value'],
  ['{hello}', 'Hello%20World%21'],
  // level 2
  ['{+var}', 'value'],
  ['{+hello}', 'Hello%20World!'],
  ['{+path}/here', '/foo/bar/here'],
  ['here?ref={+path}', 'here?ref=/foo/bar'],
  ['X{#var}', 'X#value'],
  ['X{#hello}', 'X#Hello%20World!'],
  // level 3
  ['map?{x,y}', 'map?1024,768'],
  ['{x,hello,y}', '1024,Hello%20World%21,768'],
  ['{+x,hello,y}', '1024,Hello%20World!,768'],
  ['{+path,x}/here', '/foo/bar,1024/here'],
  ['{#x,hello,y}', '#1024,Hello%20World!,768'],
  ['{#path,x}/here', '#/foo/bar,1024/here'],
  ['X{.var}', 'X.value'],
  ['X{.x,y}', 'X.1024.768'],
  ['{/var}', '/value'],
  ['{/var,x}/here', '/value/1024/here'],
  ['{;x,y}', ';x=1024;y=768'],
  ['{;x,y,empty}', ';x=1024;y=768;empty'],
  ['{?x,y}', '?x=1024&y=768'],
  ['{?x,y,empty}', '?x=1024&y=768&empty='],
  ['?fixed=yes{&x}', '?fixed=yes&x=1024'],
  ['{&x,y,empty}', '&x=1024&y=768&empty='],
  // level 4
  ['{var:3}', 'val'],
  ['{var:30}', 'value'],
  ['{list}', 'red,green,blue'],
  ['{list*}', 'red,green,blue'],
  ['{keys}', 'semi,%3B,dot,.,comma,%2C'],
  ['{keys*}', 'semi=%3B,dot=.,comma=%2C'],
  ['{+path:6}/here', '/foo/b/here'],
  ['{+list}', 'red,green,blue'],
  ['{+list*}', 'red,green,blue'],
  ['{+keys}', 'semi,;,dot,.,comma,,'],
  ['{+keys*}', 'semi=;,dot=.,comma=,'],
  ['{#var:3}', '#val'],
  ['{#list*}', '#red,green,blue'],
  ['{#keys*}', '#semi=;,dot=.,comma=,'],
  ['X{.var:3}', 'X.val'],
  ['X{.list}', 'X.red,green,blue'],
  ['X{.list*}', 'X.red.green.blue'],
  ['X{.keys*}', 'X.semi=%3B.dot=..comma=%2C'],
  ['{/var:1,var}', '/v/value'],
  ['{/list}', '/red,green,blue'],
  ['{/list*}', '/red/green/blue'],
  ['{/list*,path:4}', '/red/green/blue/%2Ffoo'],
  ['{/keys*}', '/semi=%3B/dot=./comma=%2C'],
  ['{;hello:5}', ';hello=Hello'],
  ['{;list}', ';list=red,green,blue'],
  ['{;list*}', ';list=red;list=green;list=blue'],
  ['{;keys*}', ';semi=%3B;dot=.;comma=%2C'],
  ['{?var:3}', '?var=val'],
  ['{?list}', '?list=red,green,blue'],
  ['{?list*}', '?list=red&list=green&list=blue'],
  ['{?keys*}', '?semi=%3B&dot=.&comma=%2C'],
  ['{&var:3}', '&var=val'],
  ['{&list*}', '&list=red&list=green&list=blue'],
  // undefined and empty values (3.2.1)
  ['{undef}', ''],
  ['{?undef,x}', '?x=1024'],
  ['{empty_keys}', ''],
  ['{half}', '50%25'],
  ['{dub}', 'me%2Ftoo'],
  ['{+base}index', 'http://example.com/home/index'],
];

describe('ResourceTemplate.expand (RFC 6570 examples)', () => {
  it.each(cases)('%s -> %s', (template, expected) => {
    expect(new ResourceTemplate(template).expand(vars)).toBe(expected);
  });

  it('expands the reference README examples', () => {
    expect(new ResourceTemplate('users://{user_id}/profile').expand({ user_id: 42 })).toBe('users://42/profile');
    expect(new ResourceTemplate('https://api.example.com/items/{id}').expand({ id: 42 })).toBe('https://api.example.com/items/42');
  });

  it('encodes non-ASCII as UTF-8', () => {
    expect(new ResourceTemplate('{x}').expand({ x: 'ü€😀' })).toBe('%C3%BC%E2%82%AC%F0%9F%98%80');
  });

  it('lists variables in order', () => {
    expect(new ResourceTemplate('a{/x,y}{?z,x}').variables).toEqual(['x', 'y', 'z']);
  });

  it.each(['{', '}', 'a{b', '{=x}', '{x:0}', '{x y}', '{}', '{x:10000}'])('rejects malformed template %s', (t) => {
    expect(() => new ResourceTemplate(t)).toThrow(UriTemplateError);
  });
});

describe('ResourceTemplate.match', () => {
  it('matches simple variables and decodes them', () => {
    const t = new ResourceTemplate('users://{user_id}/profile');
    expect(t.match('users://42/profile')).toEqual({ user_id: '42' });
    expect(t.match('users://a%20b/profile')).toEqual({ user_id: 'a b' });
    expect(t.match('users:///profile')).toBeNull();
    expect(t.match('users://42/profile/extra')).toBeNull();
    expect(t.match('other://42/profile')).toBeNull();
  });

  it('matches reserved expansion across slashes', () => {
    expect(new ResourceTemplate('file:///{+path}').match('file:///etc/hosts')).toEqual({ path: 'etc/hosts' });
  });

  it('matches query expressions in any order and with missing values', () => {
    const t = new ResourceTemplate('search://items{?q,limit}');
    expect(t.match('search://items?q=red%20car&limit=5')).toEqual({ q: 'red car', limit: '5' });
    expect(t.match('search://items?limit=5&q=x')).toEqual({ q: 'x', limit: '5' });
    expect(t.match('search://items')).toEqual({});
  });

  it('matches exploded path segments into arrays', () => {
    expect(new ResourceTemplate('repo://x{/segments*}').match('repo://x/a/b/c')).toEqual({ segments: ['a', 'b', 'c'] });
    expect(new ResourceTemplate('{/a,b}').match('/1/2')).toEqual({ a: '1', b: '2' });
  });

  it('round-trips expand and match', () => {
    const t = new ResourceTemplate('db://{table}/rows/{id}{?fields*}');
    const uri = t.expand({ table: 'users', id: '7', fields: ['name', 'email'] });
    expect(uri).toBe('db://users/rows/7?fields=name&fields=email');
    expect(t.match(uri)).toEqual({ table: 'users', id: '7', fields: ['name', 'email'] });
  });

  it('rejects malformed percent-encoding', () => {
    expect(new ResourceTemplate('x://{id}').match('x://%E0%A4%A')).toBeNull();
  });
});
