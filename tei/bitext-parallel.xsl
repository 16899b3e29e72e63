<?xml version="1.0" encoding="UTF-8"?>
<!-- bitext-parallel.xsl: render a bitext TEI file (text/group/text + standOff/linkGrp[@type='alignment'])
     as an HTML page with the two language versions side by side, one table row per alignment link.
     XSLT 1.0 on purpose: browsers, xsltproc and lxml all run it.  n-m sides are followed through join;
     unaligned sentences get a row with one empty cell; links a person made or checked are marked. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:key name="id" match="*[@xml:id]" use="@xml:id"/>
  <xsl:key name="qa" match="tei:listAnnotation[@type='qa']/tei:annotation" use="@target"/>

  <xsl:variable name="versions" select="/tei:TEI/tei:text/tei:group/tei:text"/>
  <xsl:variable name="src" select="$versions[1]"/>
  <xsl:variable name="tgt" select="$versions[2]"/>
  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>

  <xsl:template match="/">
    <html lang="{$header/ancestor::tei:TEI/@xml:lang}">
      <head>
        <meta charset="UTF-8"/>
        <title><xsl:value-of select="$header//tei:titleStmt/tei:title[@type='main']"/></title>
        <style>
          body { font-family: sans-serif; margin: 2em; }
          table { border-collapse: collapse; width: 100%; }
          td, th { border-top: 1px solid #ccc; padding: .4em .6em; vertical-align: top; width: 45%; }
          td.meta { width: 10%; color: #666; font-size: .8em; white-space: nowrap; }
          tr.reviewed td.meta { color: #060; font-weight: bold; }
          tr.unaligned td { background: #fff6e0; }
          .s { display: block; }
          .s + .s { margin-top: .3em; }
          .g { color: #a00; font-family: monospace; }
          .term { border-bottom: 1px dotted #06c; }
          .term.forbidden { border-bottom: 2px solid #c00; }
          .qa { white-space: normal; margin-top: .3em; color: #555; }
          .qa.error { color: #c00; } .qa.warning { color: #a60; }
        </style>
      </head>
      <body>
        <h1 lang="{$src/@xml:lang}"><xsl:value-of select="$header//tei:titleStmt/tei:title[@type='main']"/></h1>
        <h2 lang="{$tgt/@xml:lang}"><xsl:value-of select="$header//tei:titleStmt/tei:title[@type='parallel']"/></h2>
        <p class="extent">
          <xsl:for-each select="$header/tei:fileDesc/tei:extent/tei:measure">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </p>
        <table>
          <thead>
            <tr>
              <th lang="{$src/@xml:lang}"><xsl:value-of select="$src/@xml:lang"/></th>
              <th class="meta">link</th>
              <th lang="{$tgt/@xml:lang}"><xsl:value-of select="$tgt/@xml:lang"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="/tei:TEI/tei:standOff/tei:linkGrp[@type='alignment']/*"/>
          </tbody>
        </table>
      </body>
    </html>
  </xsl:template>

  <!-- a two-sided link: first pointer is the source side, second the translation side -->
  <xsl:template match="tei:link">
    <xsl:variable name="targets" select="normalize-space(@target)"/>
    <tr id="{@xml:id}">
      <xsl:if test="@resp and @resp != '#app.bitext'"><xsl:attribute name="class">reviewed</xsl:attribute></xsl:if>
      <td lang="{$src/@xml:lang}" dir="auto">
        <xsl:call-template name="side"><xsl:with-param name="pointer" select="substring-before($targets, ' ')"/></xsl:call-template>
      </td>
      <xsl:call-template name="meta"/>
      <td lang="{$tgt/@xml:lang}" dir="auto">
        <xsl:call-template name="side"><xsl:with-param name="pointer" select="substring-after($targets, ' ')"/></xsl:call-template>
      </td>
    </tr>
  </xsl:template>

  <!-- sentences with no counterpart: one cell stays empty -->
  <xsl:template match="tei:ptr[@type='unaligned']">
    <xsl:variable name="first" select="key('id', substring-after(substring-before(concat(normalize-space(@target), ' '), ' '), '#'))"/>
    <xsl:variable name="in-source" select="count($first/ancestor::tei:text[@xml:lang][1] | $src) = 1"/>
    <tr id="{@xml:id}" class="unaligned">
      <td lang="{$src/@xml:lang}" dir="auto">
        <xsl:if test="$in-source"><xsl:call-template name="pointers"><xsl:with-param name="list" select="normalize-space(@target)"/></xsl:call-template></xsl:if>
      </td>
      <xsl:call-template name="meta"/>
      <td lang="{$tgt/@xml:lang}" dir="auto">
        <xsl:if test="not($in-source)"><xsl:call-template name="pointers"><xsl:with-param name="list" select="normalize-space(@target)"/></xsl:call-template></xsl:if>
      </td>
    </tr>
  </xsl:template>

  <xsl:template match="*"/>

  <xsl:template name="meta">
    <td class="meta">
      <xsl:choose>
        <xsl:when test="self::tei:ptr"><xsl:value-of select="@subtype"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@type"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@cert"><br/>cert <xsl:value-of select="@cert"/></xsl:if>
      <xsl:if test="@resp and @resp != '#app.bitext'"><br/><xsl:value-of select="key('id', substring-after(@resp, '#'))"/></xsl:if>
      <xsl:for-each select="key('qa', concat('#', @xml:id))">
        <div class="qa {tei:note/@type}"><xsl:value-of select="tei:note"/></div>
      </xsl:for-each>
    </td>
  </xsl:template>

  <!-- one side of a link: a sentence, or a join of several -->
  <xsl:template name="side">
    <xsl:param name="pointer"/>
    <xsl:variable name="node" select="key('id', substring-after($pointer, '#'))"/>
    <xsl:choose>
      <xsl:when test="$node/self::tei:join">
        <xsl:call-template name="pointers"><xsl:with-param name="list" select="normalize-space($node/@target)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$node" mode="sentence"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a space-separated list of '#id' pointers, walked recursively (XSLT 1.0 has no tokenize) -->
  <xsl:template name="pointers">
    <xsl:param name="list"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="head" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:apply-templates select="key('id', substring-after($head, '#'))" mode="sentence"/>
      <xsl:call-template name="pointers"><xsl:with-param name="list" select="substring-after($list, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:s" mode="sentence">
    <span class="s" id="{@xml:id}" title="{@xml:id}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
  <xsl:template match="tei:g" mode="text">
    <span class="g" title="{@n}">[<xsl:value-of select="@n"/>]</span>
  </xsl:template>
  <xsl:template match="tei:term" mode="text">
    <span class="term {@type}" title="{key('id', substring-after(@ref, '#'))/parent::tei:label/following-sibling::tei:item[1]/tei:gloss}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
  <xsl:template match="*" mode="text"><xsl:apply-templates mode="text"/></xsl:template>
  <xsl:template match="text()" mode="text"><xsl:value-of select="."/></xsl:template>
</xsl:stylesheet>
