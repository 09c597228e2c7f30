/**
 * Reading XML that comes from outside (feeds, OAI-PMH answers, markup handed to a speech
 * engine) without the classic parser attacks: {@link org.paperradio.core.xml.SafeXml} makes
 * the hardened parsers and offers small namespace-aware DOM helpers.
 */
package org.paperradio.core.xml;
